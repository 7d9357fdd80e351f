#ifndef AIRSCRIPT_CEDITLINE_H
#define AIRSCRIPT_CEDITLINE_H
#include <stdio.h>
#include <editline/readline.h>
#endif
