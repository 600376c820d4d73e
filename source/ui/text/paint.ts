/**
 * Colours for pre-built lines. chalk is Ink's own colour library, so a line coloured here
 * and a `<Text color>` agree on whether colour is on: off when stdout is not a colour
 * terminal, and off under NO_COLOR (the CLI maps it to FORCE_COLOR=0 before anything loads).
 * With colour off every style, bold and inverse included, is the identity: selection and
 * focus are therefore also shown with characters (`▶`, `>`).
 */
import chalk from 'chalk';

export type Paint = (text: string) => string;

export const paint = {
	dim: chalk.dim,
	bold: chalk.bold,
	inverse: chalk.inverse,
	red: chalk.red,
	boldRed: chalk.bold.red,
	yellow: chalk.yellow,
	green: chalk.green,
	cyan: chalk.cyan,
	blue: chalk.blue,
	magenta: chalk.magenta,
	gray: chalk.gray,
	title: chalk.bold.inverse,
	heat: [chalk.gray, chalk.green, chalk.yellow, chalk.red, chalk.bold.magenta] as readonly Paint[],
} as const;

/** The identity, for text that keeps the terminal's default colour. */
export const plain: Paint = text => text;
