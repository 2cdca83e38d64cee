// Plumb is a static, browser-only app: DuckDB-wasm and every dataset live in the tab.
export const ssr = false;
export const prerender = true;
export const trailingSlash = 'never';
