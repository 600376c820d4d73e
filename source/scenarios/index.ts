/** Scenario files: units, loading, validation and the built-in catalogue. */
export {builtinScenarioDir, isScenarioArg, listBuiltinScenarios, listRealScenarios, resolveScenarioArg} from './builtin.ts';
export {didYouMean, nearestName} from './did-you-mean.ts';
export {ScenarioError, formatProblem, type Problem} from './error.ts';
export {checkMachineFits} from './fit.ts';
export {loadScenarioFile} from './load.ts';
export {parseScenario} from './parse.ts';
export {parseDuration, parseSize} from './units.ts';
