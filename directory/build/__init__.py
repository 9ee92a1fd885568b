"""Building and publishing: pipeline (read, model, make every declared output), cache (what
the last build knew), publish (the only writer to the output folder, atomic), report (what a
build did, in words), serve (`directory serve`), mail (sending the weekly digest).
"""
