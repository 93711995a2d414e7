"""The local web page (`cnnlab serve`): draw a digit, watch every layer respond, browse the store."""
