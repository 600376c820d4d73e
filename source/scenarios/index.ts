/** Scenario files: units, loading, validation and the built-in catalogue. */
export {builtinScenarioDir, listBuiltinScenarios, listRealScenarios, resolveScenarioArg} from './builtin.ts';
export {ScenarioError, formatProblem, type Problem} from './error.ts';
export {checkMachineFits} from './fit.ts';
export {loadScenarioFile} from './load.ts';
export {parseScenario} from './parse.ts';
export {parseDuration, parseSize} from './units.ts';
