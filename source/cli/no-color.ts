// Ink and chalk ignore NO_COLOR (https://no-color.org); map it to FORCE_COLOR=0 before
// either is imported. This module must be the CLI's first import.
if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') process.env['FORCE_COLOR'] = '0';
