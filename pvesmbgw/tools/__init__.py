"""One typed adapter per binary; they know CLI syntax and output, nothing about shares."""
