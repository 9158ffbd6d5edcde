import nabWindows from '../../data/nab-aws/label_windows.json?raw';

/** Sample files shipped in data/, served as static assets by Vite. */
const csvUrls = import.meta.glob(
  ['../../data/**/*.csv', '../../data/formats/*.json', '../../data/formats/*.arrow'],
  {
    query: '?url',
    import: 'default',
    eager: true,
  },
) as Record<string, string>;

export interface SampleFile {
  /** Path under data/, e.g. 'nab-aws/ec2_cpu_utilization_24ae8d.csv'. */
  path: string;
  url: string;
  /** NAB label windows (JSON text) apply to the NAB files. */
  windows: string | null;
}

export const SAMPLE_FILES: SampleFile[] = Object.entries(csvUrls)
  .map(([key, url]) => {
    const path = key.replace(/^.*\/data\//, '');
    return { path, url, windows: path.startsWith('nab-aws/') ? nabWindows : null };
  })
  .sort((a, b) => a.path.localeCompare(b.path));
