"""Payments: Stripe Checkout and bank transfer (VietQR). Models arrive with their issues."""
