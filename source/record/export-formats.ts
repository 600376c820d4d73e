/** The formats `spf-top export --format` writes a recording as. */
export const exportFormats = ['chrome-trace'] as const;
export type ExportFormat = (typeof exportFormats)[number];
