def rectangle(width: float, height: float) -> tuple[float, float]:
    """Area and elastic section modulus of a rectangle."""
    return width * height, width * height**2 / 6
