"""The sizes of a schematic's layout, in drawing units (an op-amp is 2.4 wide, 2 high)."""

PIN_X, PIN_Y = 1.5, 0.49    # op-amp pins relative to its centre
XJ, XO = 2.0, 2.0           # input junction column (left), output column (right)
FB = 1.75                   # feedback level above / below the centre
HANG = 2.0                  # resistor hanging from an input to ground
SIDE_LEG = 2.75             # horizontal resistor from a junction to ground
STACKED = 1.25              # distance between stacked legs (summing-amplifier inputs): a label fits between
BRIDGE_UP = 1.25            # a bridge between two columns runs this far beyond the feedback
PART = 2.5                  # a series resistor from an input terminal
TERM = 1.25                 # terminal to a pin fed directly
OUT = 1.25                  # output wire to the output terminal
LOAD = 1.5                  # spacing of load resistors hanging from an output
COLUMN = 8.0                # distance between op-amp columns
GAP = 1.0                   # free space between stacked op-amps
