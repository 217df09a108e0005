// Module resolution hook of the dev loop: adds the `mimikit-source` export condition, so that
// `@mimikit/*` imports resolve to the TypeScript sources (src/) instead of the compiled dist/ that an
// installed package uses. Registered by bin/mimi.js after tsx; Node runs the last-registered hook
// first, so tsx then resolves with the extended conditions.
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('mimikit-source') ? context.conditions : [...context.conditions, 'mimikit-source'];
  return nextResolve(specifier, { ...context, conditions });
}
