/** Calls `visit` with the `object` and `id` of every API object in a response body, nested ones too. */
export function forEachApiObject(body: unknown, visit: (object: string, id: string) => void): void {
  const stack = [body];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      if (typeof o.object === 'string' && typeof o.id === 'string') visit(o.object, o.id);
      stack.push(...Object.values(o));
    }
  }
}
