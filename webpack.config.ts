// Extends create-plugin's config (the documented way: .config/ stays as scaffolded) so each nested
// plugin's own logo lands beside its plugin.json in dist/.
import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import { merge } from 'webpack-merge';

import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

const config = async (env: Env): Promise<Configuration> => {
  const baseConfig = await grafanaConfig(env);
  return merge(baseConfig, {
    plugins: [new CopyWebpackPlugin({ patterns: [{ from: '*/img/*', to: '[path][name][ext]' }] })],
  });
};

export default config;
