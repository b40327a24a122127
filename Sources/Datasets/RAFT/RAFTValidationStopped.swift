/// Thrown inside a validation pass to leave it early; never escapes `validate`.
struct RAFTValidationStopped: Error {}
