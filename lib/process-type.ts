// Heroku's formation type rule. The Procfile itself is parsed by the buildpack driver (buildpacks/shoal-build), in
// the build container; the controller only ever checks type names.
const PROCESS_TYPE = /^[-\w]{1,128}$/

/** 1 to 128 letters, digits, underscores or dashes. */
export function isProcessType(name: string): boolean {
  return PROCESS_TYPE.test(name)
}
