// Placeholder translation unit until the support library has sources.
