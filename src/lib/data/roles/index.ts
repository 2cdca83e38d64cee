/**
 * Column roles: suggested from names and types, validated, and columns that
 * look like identifiers. Pure computation: no DOM, no DuckDB. The URL form of
 * roles is in state/url-roles.ts.
 */
export * from './types';
export { columnKind } from './column-kind';
export { classNamesFromProbColumns, joinNames, normalizeName, splitNames } from './names';
export { suggestRoles } from './suggest';
export { validateRoles } from './validate';
export { ROLE_TITLES } from './titles';
export { identifierLikeColumns, imageReferenceColumns } from './identifiers';
