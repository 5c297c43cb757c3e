// pnpm hooks. Only `beforePacking`: the package.json inside a packed or published tarball
// keeps what an installer needs and drops what only this workspace uses (its scripts run
// the generator from ../../scripts; its devDependencies are workspace packages).
export const hooks = {
  beforePacking(manifest) {
    delete manifest.devDependencies;
    delete manifest.scripts;
    return manifest;
  },
};
