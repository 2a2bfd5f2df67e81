AREA = "mm²"
MODULUS = "mm³"
