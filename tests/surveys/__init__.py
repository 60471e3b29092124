"""Survey exports: the generator of test files and the tests that read them."""
