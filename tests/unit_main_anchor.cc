// Keeps monjo_unit_tests buildable while tests/unit is empty.
