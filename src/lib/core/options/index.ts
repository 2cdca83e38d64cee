/** Every option of every computation, with its default and validation, declared once. */
export * from './schema';
export * from './label-issues';
export * from './slices';
export * from './drift';
