// One headless Chromium and one proxy for a test file: started before its tests, stopped after
// them. Returns an object whose browser and proxy are set once started.
import { after, before } from 'node:test';

import { launchChromium } from './chromium.mjs';
import { startProxy } from './proxy.mjs';

export function browserAndProxy(proxyOptions = {}) {
  const suite = { browser: null, proxy: null };
  before(async () => {
    suite.browser = await launchChromium();
    suite.proxy = await startProxy(proxyOptions);
  });
  after(async () => {
    await suite.browser?.close();
    await suite.proxy?.stop();
  });
  return suite;
}
