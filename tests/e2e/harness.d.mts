export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_FLAGS: string[];
export declare function startPreview(
  port: number,
  timeoutMs?: number,
): Promise<{ url: string; kill: () => void }>;
