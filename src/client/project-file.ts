import { readFileSource } from '../engine/session/read-file-source';
import { downloadText } from './download';
import { projectToJson, type SavedProject } from './persist';

/** A project file's name from the project's name. */
export function projectFileName(name: string): string {
  return `${name.replace(/[^\w.-]+/g, '-') || 'project'}.awp.json`;
}

/**
 * Downloads a project as a file. The file carries its data: an uploaded file is read into it here, on the
 * user's request. Needs no browser storage, so it works when IndexedDB does not.
 */
export async function downloadProject(
  p: SavedProject,
  name = projectFileName(p.settings.name),
): Promise<void> {
  const source = await readFileSource(p.settings.data.source);
  const copy: SavedProject = { ...p, settings: { ...p.settings, data: { ...p.settings.data, source } } };
  delete copy.revision;
  downloadText(projectToJson(copy), name);
}
