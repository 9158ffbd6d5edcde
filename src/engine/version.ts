/** The engine's version, written into every bundle. */
export const ENGINE_VERSION = '0.1.0';
