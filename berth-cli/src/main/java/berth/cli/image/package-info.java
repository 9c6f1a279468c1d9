/** The image verbs (images, pull, push, tag, rmi, history, import) and {@code berth image}; each talks only to berth-client. */
package berth.cli.image;
