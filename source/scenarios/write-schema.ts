/**
 * Writes scenarios/schema.json from the field table. Run it after changing a key:
 * `node --import tsx source/scenarios/write-schema.ts`; test/scenarios/schema.test.ts fails
 * while the committed file differs from what this writes.
 */
import {writeFileSync} from 'node:fs';
import {scenarioSchemaText} from './schema.ts';

writeFileSync(new URL('../../scenarios/schema.json', import.meta.url), scenarioSchemaText());
