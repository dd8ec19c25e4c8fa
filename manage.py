#!/usr/bin/env python
from lvzhi.__main__ import main

if __name__ == "__main__":
    main()
