"""From schemas to files: the generator's view and options, the generated package, the docs pages."""
