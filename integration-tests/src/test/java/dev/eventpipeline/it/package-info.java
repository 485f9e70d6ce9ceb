/** End-to-end tests on the local cloud (arrive with the local cloud issue). */
package dev.eventpipeline.it;
