# SPDX-License-Identifier: GPL-2.0
#
# make            build enbkey.ko against KDIR and the userspace tool
# make install    install both (DESTDIR, PREFIX honoured)
# make check      every test: hygiene, KUnit and integration under QEMU
# make demo       boot the stock Debian kernel with the module and narrate a session
# make bench      PDCP throughput against AF_ALG, and memory per UE, in that guest

KDIR ?= /lib/modules/$(shell uname -r)/build
PREFIX ?= /usr/local
PWD := $(shell pwd)

all: module userspace

module:
	$(MAKE) -C $(KDIR) M=$(PWD) modules

userspace:
	$(MAKE) -C userspace

install: all
	$(MAKE) -C $(KDIR) M=$(PWD) INSTALL_MOD_PATH=$(DESTDIR) modules_install
	$(MAKE) -C userspace install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

clean:
	$(MAKE) -C $(KDIR) M=$(PWD) clean 2>/dev/null || true
	$(MAKE) -C userspace clean

check:
	bash tests/run.sh

demo:
	bash tests/demo.sh

bench:
	bash bench/run.sh

vectors:
	python3 tools/kdf-vectors.py ../shared/vectors/kdf.json > tests/kunit/kdf_vectors.h
	python3 tools/alg-vectors.py ../shared/vectors/algorithms.json > tests/kunit/alg_vectors.h

.PHONY: all module userspace install clean check demo bench vectors
