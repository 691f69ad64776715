"""Reading schemas: loading and resolving files, the portable regex subset, the ECMA-262 validator, support."""
