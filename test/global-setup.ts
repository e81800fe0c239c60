import type { TestProject } from 'vitest/node';
import { startEmulators, type Emulators } from '../cli/local/emulators.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Loopback endpoints of the emulators shared by every test file (each file uses its own resource prefix). */
    emulators: Emulators['endpoints'];
  }
}

let emulators: Emulators | undefined;

export async function setup(project: TestProject): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  emulators = await startEmulators();
  project.provide('emulators', emulators.endpoints);
}

export async function teardown(): Promise<void> {
  await emulators?.stop();
}
