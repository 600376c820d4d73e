import packageJson from '../../package.json' with {type: 'json'};

/** Written into every header: `spf-top 0.1.0`. */
export const toolVersion = `spf-top ${packageJson.version}`;
