/** esbuild bundles the stylesheet imported by main.tsx into assets/main.css. */
declare module '*.css';
