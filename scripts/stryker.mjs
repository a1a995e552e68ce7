// Runs StrykerJS 10 on Node 20. Stryker 10 declares Node >= 22 and refuses to start below it, but
// what we use of it (the vitest runner, incremental mode) works here: Node 20 is what this project
// and its CI run, so the version check alone is told it runs on 22. Remove once on Node 22.
Object.defineProperty(process, 'version', { value: 'v22.0.0' });
process.title = 'stryker';
const { StrykerCli } = await import('@stryker-mutator/core');
new StrykerCli(process.argv).run();
