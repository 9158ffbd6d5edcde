import type { FastifyInstance } from 'fastify';
import { buildServer, type ServerOptions } from './app';
import { loadModelFile } from './model';

/** Where and how to serve. */
export interface StartOptions extends ServerOptions {
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (0.0.0.0 in a container). */
  host?: string;
}

/**
 * Loads and verifies a bundle file, builds the server and listens. Rejects with the BundleError when
 * the bundle cannot be read or verified, before anything listens.
 *
 * @returns the server and the address it listens on (`http://127.0.0.1:8080`).
 */
export async function startServer(
  bundlePath: string,
  options: StartOptions = {},
): Promise<{ app: FastifyInstance; url: string }> {
  const model = await loadModelFile(bundlePath);
  const app = await buildServer(model, options);
  try {
    const url = await app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
    app.log.info(
      { modelId: model.id, bundle: model.file, detector: model.body.pipeline.detector.type, url },
      'scoring server ready',
    );
    return { app, url };
  } catch (e) {
    await app.close();
    throw e;
  }
}
