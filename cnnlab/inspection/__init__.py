"""Look inside a trained model: predictions on the user's own images, feature maps, weights."""
