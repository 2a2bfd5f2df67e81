def section_modulus(width: float, height: float) -> float:
    return width * height**2 / 6
