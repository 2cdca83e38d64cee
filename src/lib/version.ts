/** Plumb's version, shown in reports. Keep in step with package.json (a unit test checks). */
export const PLUMB_VERSION = '0.1.0';
