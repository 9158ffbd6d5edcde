/// <reference types="vite/client" />
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { preferLstmBackends } from '../engine/detectors/lstm/runtime-loader';

/** The WASM backend's files as Vite serves them (for `setWasmPaths`). */
export const WASM_FILES: Record<string, string> = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

/** Renderers that draw WebGL in software: tfjs-webgl on them is slower than WASM SIMD. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** What this worker's WebGL is: a GPU's, software-rendered, or missing. */
export function webglKind(): { kind: 'gpu' | 'software' | 'none'; renderer: string } {
  try {
    if (typeof OffscreenCanvas === 'undefined') return { kind: 'none', renderer: '' };
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return { kind: 'none', renderer: '' };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { kind: SOFTWARE_RENDERER.test(renderer) ? 'software' : 'gpu', renderer };
  } catch {
    return { kind: 'none', renderer: '' };
  }
}

/**
 * The LSTM autoencoder's backend order in a browser worker: WebGL on a real GPU, WASM (SIMD, from the
 * files Vite serves) when WebGL is software-rendered (SwiftShader in headless test browsers) or missing,
 * then CPU. Measured: on SwiftShader an epoch takes longer on WebGL than on WASM (docs/decisions/010).
 * TensorFlow.js itself loads only when a worker first trains or scores an LSTM.
 */
export function configureLstmBackends(): string[] {
  const order = webglKind().kind === 'gpu' ? ['webgl', 'wasm', 'cpu'] : ['wasm', 'cpu'];
  preferLstmBackends(order, WASM_FILES);
  return order;
}
