import { dataDirFrom } from './data-dir.js';

describe('DATA_DIR', () => {
  it('uses an absolute path as given, not under the current folder', () => {
    expect(dataDirFrom('/srv/tasksensei-data', '/home/me/tasksensei')).toBe('/srv/tasksensei-data');
  });

  it('puts a relative path under the current folder', () => {
    expect(dataDirFrom('.data', '/home/me/tasksensei')).toBe('/home/me/tasksensei/.data');
    expect(dataDirFrom('../shared-data', '/home/me/tasksensei')).toBe('/home/me/shared-data');
  });
});
