package desk

// StoreDump lends the internal tests' store dump to the external ones.
var StoreDump = storeDump
