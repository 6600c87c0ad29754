/**
 * The command line ({@code ./spex}): picocli commands that parse options, call the facade or the studies, and print
 * console tables, JSON or HTML. Exit code 2 for bad input, 1 for a failure. The very top: nothing imports it.
 *
 * <p>May use: everything.
 */
package org.spex4j.cli;
