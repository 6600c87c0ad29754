/**
 * Small helpers every package may use: enum spellings and the argument checks of the settings builders. The very bottom of the library.
 *
 * <p>May use: nothing of the project.
 */
package org.spex4j.util;
