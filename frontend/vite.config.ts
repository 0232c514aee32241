import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The backend listens on 127.0.0.1:8000 in development (see DESIGN.md "Processes"); in production
// nginx serves dist/ and proxies the same paths, so the app always calls relative URLs.
const backend = 'http://127.0.0.1:8000';

const CHART_LIBRARIES_EXCLUDED =
  /node_modules[\\/](?!(recharts|@mantine[\\/]charts|victory-vendor|d3-[\w-]+|internmap|@reduxjs|redux|react-redux|immer|reselect|es-toolkit|decimal\.js-light|eventemitter3|tiny-invariant)[\\/])/;

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than app code: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/,
            },
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/](?!charts)/ },
            // Only the statistics draw charts: recharts, @mantine/charts and their helpers stay out
            // of the eager chunks and load with that screen.
            { name: 'vendor', test: CHART_LIBRARIES_EXCLUDED },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': backend,
      '/health': backend,
      '/docs': backend,
      '/openapi.json': backend,
    },
  },
  preview: {
    proxy: {
      '/api': backend,
      '/health': backend,
      '/docs': backend,
      '/openapi.json': backend,
    },
  },
});
