// Ink and chalk ignore NO_COLOR (https://no-color.org); map it, and --no-color, to
// FORCE_COLOR=0 before either is imported. This module must be the CLI's first import.
const argv = process.argv.slice(2);
const end = argv.indexOf('--');
if ((end === -1 ? argv : argv.slice(0, end)).includes('--no-color')) process.env['NO_COLOR'] = '1';
if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') process.env['FORCE_COLOR'] = '0';
