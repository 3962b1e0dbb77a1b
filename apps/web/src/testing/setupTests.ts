import { configure } from '@testing-library/react';

// findBy*/waitFor give up after 1 s by default; a loaded CI machine renders slower than that,
// and a test that fails on speed says nothing about what the user sees.
configure({ asyncUtilTimeout: 10_000 });
