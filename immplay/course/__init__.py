"""What the course's notebooks use besides the package's public API: the exercise book (the exercises,
their solutions and how they are graded) and how notebooks 04 and 04b print a policy document.

Both course folders, ``notebooks/`` and ``notebooks/zh-CN/``, import them from here. The pre-flight
check is not here: it must run where immplay is missing, so it lives beside the notebooks.
"""
