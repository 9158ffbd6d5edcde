import { HttpError } from './errors';

/**
 * The first key that could change an object's prototype once the body is merged into another object:
 * an own `__proto__` (JSON.parse makes one), or a `constructor` holding a `prototype`. Walks with a
 * stack, so a body nested a million deep does not overflow the call stack.
 */
function prototypeKey(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, 'body']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push([v[i], `${path}[${i}]`]);
      continue;
    }
    for (const key of Object.keys(v)) {
      const child = (v as Record<string, unknown>)[key];
      if (key === '__proto__') return `${path}.__proto__`;
      if (key === 'constructor' && typeof child === 'object' && child !== null && 'prototype' in child) {
        return `${path}.constructor.prototype`;
      }
      stack.push([child, `${path}.${key}`]);
    }
  }
  return null;
}

/**
 * Parses a JSON request body. Fastify's own parser answers every failure with "Body is not valid
 * JSON" (a prototype-pollution attempt included); this says where the JSON breaks (JSON.parse's
 * message) and which key is refused.
 *
 * @throws HttpError 400
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw new HttpError(400, 'body is empty: send a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `body is not valid JSON (${(e as Error).message})`);
  }
  if (text.includes('"__proto__"') || text.includes('"constructor"')) {
    const key = prototypeKey(value);
    if (key) throw new HttpError(400, `${key}: this key is not allowed (it could change object prototypes)`);
  }
  return value;
}
