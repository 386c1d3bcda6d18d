import { defineConfig } from 'vite';

// The console's Quarkus back end serves everything under META-INF/resources from the classpath, so the build
// writes straight into Maven's output directory; `mvn package` then picks the files up without a copy step.
// `npm run dev` proxies the back end's same-origin contract (/console, /svc) to a console running on :8080.
const backend = process.env.CONSOLE_BACKEND ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  build: {
    outDir: '../../../target/classes/META-INF/resources',
    emptyOutDir: true,
    // Plain modern browsers only: no legacy bundle, readable output for debugging the console.
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    proxy: {
      '/console': { target: backend, changeOrigin: false },
      '/svc': { target: backend, changeOrigin: false },
    },
  },
});
